/** Types of mock-llm.mjs for the TypeScript tests that start the stand-in (test/packed). */
export declare function startMockLLM(): Promise<{ baseURL: string; readonly requests: number; close(): Promise<void> }>;
