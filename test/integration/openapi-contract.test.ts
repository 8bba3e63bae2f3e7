/**
 * The API contract integrators build on: the document a real hub serves at `/docs/json` is
 * valid OpenAPI 3.0.3 (swagger-parser's full validation, schemas included), and a TypeScript
 * client generated from it with openapi-typescript compiles under strict settings, so no
 * route can break the generators by the shape of its schema.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Hub, startTestHub } from '../support/hub';

let hub: Hub & { baseUrl: string };
let doc: any;
const dir = mkdtempSync(path.join(tmpdir(), 'cb-openapi-'));

beforeAll(async () => {
  hub = await startTestHub();
  const res = await fetch(`${hub.baseUrl}/docs/json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(async () => {
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('serves a valid OpenAPI 3.0.3 document', async () => {
  expect(doc.openapi).toBe('3.0.3');
  let problems = '';
  try {
    await SwaggerParser.validate(structuredClone(doc));
  } catch (err) {
    problems = String((err as Error).message);
  }
  expect(problems, 'swagger-parser found these problems in /docs/json').toBe('');
  // The two schema shapes TypeBox writes differently from 3.0 are rewritten, not dropped.
  const services = doc.paths['/api/v1/services'].get.responses['200'].content['application/json'].schema;
  expect(services.properties.services.items.properties.numberRange).toMatchObject({
    type: 'array',
    minItems: 2,
    maxItems: 2,
    items: { type: 'integer', minimum: 1 },
  });
  const aht = doc.paths['/api/v1/reports/erlang'].get.parameters.find((p: any) => p.name === 'ahtSec');
  expect(aht.schema).toMatchObject({ minimum: 0, exclusiveMinimum: true });
});

it('generates a TypeScript client with openapi-typescript that compiles under strict settings', async () => {
  writeFileSync(path.join(dir, 'api.d.ts'), astToString(await openapiTS(structuredClone(doc))));
  // A small typed client over the generated `paths`, as an integrator would write one.
  writeFileSync(
    path.join(dir, 'client.ts'),
    `import type { paths } from './api';
/** What the client needs of \`fetch\` (the browser's or Node's fits). */
export type Fetch = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<{ status: number; json(): Promise<unknown> }>;
type Body<P extends keyof paths, M extends 'post' | 'put'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
type Ok<P extends keyof paths, M extends 'get' | 'post' | 'put', S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer R } } };
}
  ? R
  : never;

export type IssueRequest = Body<'/api/v1/tickets', 'post'>;
export type Issued = Ok<'/api/v1/tickets', 'post', 201>;
export type Services = Ok<'/api/v1/services', 'get', 200>;

export async function issueTicket(fetch: Fetch, baseUrl: string, body: IssueRequest): Promise<Issued> {
  const res = await fetch(\`\${baseUrl}/api/v1/tickets\`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(\`status \${res.status}\`);
  return (await res.json()) as Issued;
}

export async function numberRanges(fetch: Fetch, baseUrl: string): Promise<Record<string, number[]>> {
  const res = await fetch(\`\${baseUrl}/api/v1/services\`);
  const body = (await res.json()) as Services;
  return Object.fromEntries(body.services.map((s) => [s.id, s.numberRange]));
}

// The generated types say what the hub answers (a wrong guess here fails to compile).
export const sample: IssueRequest = { serviceId: 'A', lang: 'zh' };
export const numberOf = (t: Issued): string => t.number;
export const positionOf = (t: Issued): number => t.position;
`,
  );
  const program = ts.createProgram([path.join(dir, 'client.ts')], {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    skipLibCheck: false,
    types: [],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} `
      : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
  expect(diagnostics).toEqual([]);
  // Sanity: the check above really compiled the generated paths.
  expect(program.getSourceFiles().some((f) => f.fileName.endsWith('api.d.ts'))).toBe(true);
});
