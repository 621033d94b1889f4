// A tiny OpenAI Chat Completions imitation (non-streaming JSON, fixed reply), run as its own process
// so its work is not timed inside the client's calls. Prints its port on stdout.
import { createServer } from 'node:http';

let id = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let model = 'gpt-4o-mini';
    try {
      model = JSON.parse(Buffer.concat(chunks).toString('utf8')).model ?? model;
    } catch {}
    const body = JSON.stringify({
      id: `chatcmpl-bench${++id}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: `${model}-2024-07-18`,
      choices: [{ index: 0, message: { role: 'assistant', content: 'I have opened a refund request; you will get a confirmation email within 24 hours.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 96, completion_tokens: 41, total_tokens: 137 },
      system_fingerprint: 'fp_bench',
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': `req_${id}` });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
