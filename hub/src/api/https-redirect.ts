/** Optional plain-HTTP listener that sends every request to the HTTPS site (301). */
import { createServer, type Server } from 'node:http';
import type { HubConfig } from '../config';

export async function startHttpsRedirect(config: HubConfig, port: number): Promise<{ port: number; close(): Promise<void> }> {
  const target = config.site.publicUrl.replace(/^http:/, 'https:');
  const server: Server = createServer((req, res) => {
    res.writeHead(301, { location: `${target}${req.url ?? '/'}` }).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.server.host, () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
