/** Vocabulary differences between instrumentations, reduced to the GenAI semantic conventions'. */

/** Vercel appends the API flavour to the provider (`openai.responses`, `openai.chat`, `openai.embedding`). */
const API_FLAVOUR_SUFFIX = /\.(chat|responses|completion|completions|embedding|embeddings|image|transcription|speech|messages)$/;

const PROVIDER_ALIASES: Record<string, string> = {
  'azure.openai': 'azure.ai.openai',
  azure_openai: 'azure.ai.openai',
  bedrock: 'aws.bedrock',
  vertexai: 'gcp.vertex_ai',
  vertex_ai: 'gcp.vertex_ai',
  google: 'gcp.gen_ai',
  mistral: 'mistral_ai',
};

export function normaliseProvider(raw: string): string {
  const lower = raw.trim().toLowerCase().replace(API_FLAVOUR_SUFFIX, '');
  return PROVIDER_ALIASES[lower] ?? lower;
}

const OPERATION_ALIASES: Record<string, string> = {
  completion: 'text_completion',
  embedding: 'embeddings',
  rerank: 'rerank',
};

export function normaliseOperation(raw: string): string {
  const lower = raw.trim().toLowerCase();
  return OPERATION_ALIASES[lower] ?? lower;
}
