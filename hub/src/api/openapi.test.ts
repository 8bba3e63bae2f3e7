import { describe, expect, it } from 'vitest';
import { toOpenApi30 } from './openapi';

const int = (extra: object = {}) => ({ type: 'integer', minimum: 1, ...extra });

describe('toOpenApi30', () => {
  it('turns a closed tuple of equal items into an array of exactly that many', () => {
    const tuple = { type: 'array', additionalItems: false, items: [int(), int()], minItems: 2 };
    expect(toOpenApi30(tuple)).toEqual({ type: 'array', items: int(), minItems: 2, maxItems: 2 });
  });

  it('keeps every distinct item schema of a tuple as anyOf, once each', () => {
    const tuple = { type: 'array', additionalItems: false, items: [int(), int({ maximum: 99999 }), int()], minItems: 3 };
    expect(toOpenApi30(tuple)).toEqual({
      type: 'array',
      items: { anyOf: [int(), int({ maximum: 99999 })] },
      minItems: 3,
      maxItems: 3,
    });
  });

  it('reads prefixItems too, and leaves an open tuple without maxItems', () => {
    expect(toOpenApi30({ type: 'array', prefixItems: [{ type: 'string' }] })).toEqual({
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
    });
    expect(toOpenApi30({ type: 'array', prefixItems: [{ type: 'string' }], items: false })).toMatchObject({ maxItems: 1 });
    expect(toOpenApi30({ type: 'array', items: [] })).toEqual({ type: 'array', items: {}, minItems: 0 });
  });

  it('leaves ordinary arrays and schemas alone', () => {
    const plain = { type: 'array', items: { type: 'string' }, minItems: 1 };
    expect(toOpenApi30(plain)).toEqual(plain);
    const bounded = { type: 'number', minimum: 0, maximum: 5, exclusiveMinimum: true };
    expect(toOpenApi30(bounded)).toEqual(bounded);
  });

  it('writes numeric exclusive bounds in the 3.0 form', () => {
    expect(toOpenApi30({ type: 'number', exclusiveMinimum: 0, maximum: 10 })).toEqual({
      type: 'number',
      maximum: 10,
      minimum: 0,
      exclusiveMinimum: true,
    });
    expect(toOpenApi30({ type: 'number', exclusiveMaximum: 1 })).toEqual({ type: 'number', maximum: 1, exclusiveMaximum: true });
  });

  it('keeps the stricter of an inclusive and an exclusive bound', () => {
    // x > 0 and x >= 5: the inclusive bound decides.
    expect(toOpenApi30({ type: 'number', exclusiveMinimum: 0, minimum: 5 })).toEqual({ type: 'number', minimum: 5 });
    // x > 5 and x >= 0: the exclusive one.
    expect(toOpenApi30({ type: 'number', exclusiveMinimum: 5, minimum: 0 })).toEqual({
      type: 'number',
      minimum: 5,
      exclusiveMinimum: true,
    });
    // Equal: exclusive.
    expect(toOpenApi30({ type: 'number', exclusiveMinimum: 3, minimum: 3 })).toMatchObject({
      minimum: 3,
      exclusiveMinimum: true,
    });
    expect(toOpenApi30({ type: 'number', exclusiveMaximum: 10, maximum: 5 })).toEqual({ type: 'number', maximum: 5 });
    expect(toOpenApi30({ type: 'number', exclusiveMaximum: 5, maximum: 10 })).toEqual({
      type: 'number',
      maximum: 5,
      exclusiveMaximum: true,
    });
  });

  it('rewrites nested schemas anywhere in the document, and not data (examples, defaults, enums)', () => {
    const doc = {
      openapi: '3.0.3',
      paths: {
        '/x': {
          get: {
            parameters: [{ name: 'n', in: 'query', schema: { type: 'number', exclusiveMinimum: 0 } }],
            responses: {
              200: {
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      properties: {
                        items: { type: 'array', items: [int(), int()], additionalItems: false },
                        range: { type: 'array', items: { type: 'integer' }, default: [1, 2], example: { items: [1, 2] } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    const before = structuredClone(doc);
    const out = toOpenApi30(doc);
    expect(doc).toEqual(before); // the input is not touched
    const get = out.paths['/x'].get;
    expect(get.parameters[0]?.schema).toEqual({ type: 'number', minimum: 0, exclusiveMinimum: true });
    const props = get.responses[200].content['application/json'].schema.properties;
    expect(props.items).toEqual({ type: 'array', items: int(), minItems: 2, maxItems: 2 });
    expect(props.range).toEqual({ type: 'array', items: { type: 'integer' }, default: [1, 2], example: { items: [1, 2] } });
  });
});
