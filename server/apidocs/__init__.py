"""The API reference: an OpenAPI 3.1 document built from the marshmallow schemas and the `@documented`
declarations next to each view (GET /api/openapi.json), and an offline HTML page of it (GET /api/docs)."""
