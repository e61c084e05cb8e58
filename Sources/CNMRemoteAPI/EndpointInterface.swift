// The addressing of an endpoint, in CreateEndpoint requests and responses.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go (EndpointInterface)

/// An endpoint's addresses (Go `EndpointInterface`). Empty strings mean "not set".
public struct EndpointInterface: Codable, Sendable, Equatable {
    /// IPv4 address in CIDR form, e.g. `"10.213.0.5/24"`, or `""`.
    public var address: String
    /// IPv6 address in CIDR form, or `""`.
    public var addressIPv6: String
    /// MAC address as `"aa:bb:cc:dd:ee:ff"`, or `""`.
    public var macAddress: String

    /// Creates an interface description; every field defaults to unset.
    public init(address: String = "", addressIPv6: String = "", macAddress: String = "") {
        self.address = address
        self.addressIPv6 = addressIPv6
        self.macAddress = macAddress
    }

    /// Whether no field is set.
    public var isEmpty: Bool {
        address.isEmpty && addressIPv6.isEmpty && macAddress.isEmpty
    }

    enum CodingKeys: String, CodingKey {
        case address = "Address"
        case addressIPv6 = "AddressIPv6"
        case macAddress = "MacAddress"
    }

    /// Decodes tolerantly: missing or null fields are `""`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        address = try container.string(.address)
        addressIPv6 = try container.string(.addressIPv6)
        macAddress = try container.string(.macAddress)
    }

    /// Encodes only the non-empty fields.
    ///
    /// Docker *sets* every non-empty field of a CreateEndpoint response and refuses
    /// to overwrite one it already has, even with the same value (cnm-protocol.md §3.4),
    /// so an empty field must not appear at all.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !address.isEmpty { try container.encode(address, forKey: .address) }
        if !addressIPv6.isEmpty { try container.encode(addressIPv6, forKey: .addressIPv6) }
        if !macAddress.isEmpty { try container.encode(macAddress, forKey: .macAddress) }
    }
}
