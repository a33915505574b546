import { afterEach, describe, expect, test } from 'vitest';
import { type ProjectFolder, writeProjectFolder } from '../test/helpers/project-folder.js';
import { loadProject } from './load-project.js';
import type { Project } from './model.js';
import { serializeProject } from './serialize-project.js';

let folder: ProjectFolder | undefined;
afterEach(() => folder?.remove());

const loadText = async (text: string): Promise<Project> => {
  folder = writeProjectFolder({ 'compose.yaml': text }, 'shop');
  const result = await loadProject({ cwd: folder.dir, env: {} });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.project;
};

describe('serializeProject', () => {
  const text =
    'services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: hunter2\n      API_TOKEN: abc\n      PLAIN: "cost $$5"\n      EMPTY_SECRET: ""\n    cap_add: [SYS_NICE]\n';

  test('masks secret-looking values, escapes $ like Compose and keeps keys devup does not apply', async () => {
    expect(serializeProject(await loadText(text), 'yaml')).toMatchInlineSnapshot(`
      "name: shop
      services:
        db:
          environment:
            POSTGRES_PASSWORD: "********"
            API_TOKEN: "********"
            PLAIN: cost $$5
            EMPTY_SECRET: ""
          image: postgres
          networks:
            default: null
          cap_add:
            - SYS_NICE
      networks:
        default:
          name: shop_default
      "
    `);
  });

  test('prints the real values when asked, as JSON', async () => {
    const printed = JSON.parse(serializeProject(await loadText(text), 'json', { maskSecrets: false })) as {
      services: { db: { environment: Record<string, string> } };
    };
    expect(printed.services.db.environment).toEqual({
      POSTGRES_PASSWORD: 'hunter2',
      API_TOKEN: 'abc',
      PLAIN: 'cost $$5',
      EMPTY_SECRET: '',
    });
  });
});
