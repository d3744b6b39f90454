// The shipped bootstrap model (data/models/bootstrap.json), loaded once with the module graph.
// The specifier is computed so that the type checker does not try to type a multi-megabyte JSON file;
// the structure is checked by decodeBootstrap on first use.
const specifier = new URL('../../../data/models/bootstrap.json', import.meta.url).href;

/** The raw JSON of the shipped model, or undefined when the file is missing (run `npm run train:bootstrap`). */
export const shippedBootstrapJson: unknown = await import(specifier, { with: { type: 'json' } }).then(
  (m: { default: unknown }) => m.default,
  () => undefined,
);
