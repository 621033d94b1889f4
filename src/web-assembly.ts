/**
 * The WebAssembly global, typed here: Node has it in every version we support, but its declarations
 * come with TypeScript's DOM library, which this package does not compile against.
 */
export const { WebAssembly: Wasm } = globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports?: object) => { exports: object };
  };
};
