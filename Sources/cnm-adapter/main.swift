print("cnm-adapter")
