// The free-form JSON type lives in AdapterJSON and is part of this module's API.
@_exported import AdapterJSON
