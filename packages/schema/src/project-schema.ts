// The JSON Schema devup validates against: the Compose Specification's schema plus devup's
// own `x-dev` keys (project level and service level). Also what `dev config --schema` prints.
import composeSpec from './schemas/compose-spec.json' with { type: 'json' };

type JsonObject = Record<string, unknown>;

const stringOrList = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

export const projectDevSchema: JsonObject = {
  type: 'object',
  description: 'devup settings for the whole project.',
  properties: {
    production: {
      type: 'array',
      items: { type: 'string' },
      description: 'Production compose files, loaded first; this file is merged on top of them.',
    },
  },
  additionalProperties: false,
  patternProperties: { '^x-': {} },
};

export const serviceDevSchema: JsonObject = {
  type: 'object',
  description: 'devup settings for one service.',
  properties: {
    reload: {
      type: 'array',
      description: 'Instead of restarting after a sync, run a command in the container or send it a signal.',
      items: {
        oneOf: [
          {
            type: 'object',
            properties: { path: { type: 'string' }, exec: stringOrList, user: { type: 'string' } },
            required: ['exec'],
            additionalProperties: false,
          },
          {
            type: 'object',
            properties: { path: { type: 'string' }, signal: { type: 'string' } },
            required: ['signal'],
            additionalProperties: false,
          },
        ],
      },
    },
    restart_on: {
      type: 'array',
      items: { type: 'string' },
      description: 'Host folders whose changes restart this service.',
    },
  },
  additionalProperties: false,
  patternProperties: { '^x-': {} },
};

let combined: JsonObject | undefined;

/** Compose's schema with devup's `x-dev` added, as one draft-07 document. */
export const projectJsonSchema = (): JsonObject => {
  if (combined !== undefined) return structuredClone(combined);
  const schema = structuredClone(composeSpec) as JsonObject & {
    properties: JsonObject;
    definitions: { service: { properties: JsonObject } };
  };
  schema.$id = 'https://devup.dev/schema/devup-compose.json';
  schema.title = 'devup project (Compose Specification with x-dev)';
  schema.properties['x-dev'] = projectDevSchema;
  schema.definitions.service.properties['x-dev'] = serviceDevSchema;
  combined = schema;
  return structuredClone(schema);
};
