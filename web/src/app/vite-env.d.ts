// Vite client types (CSS side-effect imports) for the console entry.
/// <reference types="vite/client" />
