// Vite's client types (CSS side-effect imports) for the portal entry.
/// <reference types="vite/client" />
