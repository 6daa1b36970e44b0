extension Optional {
    /// The value, or 404 `not_found`: for a row looked up by an id of the path.
    public func orNotFound() throws(APIError) -> Wrapped {
        guard let value = self else { throw APIError.notFound }
        return value
    }
}
