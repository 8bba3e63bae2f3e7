/**
 * The routes to fuzz, read from the hub's own OpenAPI document (/docs/json): a route added
 * tomorrow is fuzzed tomorrow without anyone editing this list.
 */
export interface RouteSpec {
  method: string;
  /** OpenAPI form: /api/v1/tickets/{id}. */
  path: string;
  pathParams: string[];
  /** Schema of each path parameter, by name. */
  pathSchemas: Record<string, Record<string, any>>;
  query: { name: string; schema: Record<string, any>; required: boolean }[];
  body: Record<string, any> | undefined;
  tags: string[];
}

export function routesFromOpenApi(doc: any): RouteSpec[] {
  const routes: RouteSpec[] = [];
  for (const [path, ops] of Object.entries<any>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params: any[] = op.parameters ?? [];
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        pathSchemas: Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, p.schema ?? {}])),
        query: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? {}, required: !!p.required })),
        body: op.requestBody?.content?.['application/json']?.schema,
        tags: op.tags ?? [],
      });
    }
  }
  return routes;
}
