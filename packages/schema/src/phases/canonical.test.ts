import { describe, expect, test } from 'vitest';
import type { TreeMap } from '../tree.js';
import { canonicalizeTree } from './canonical.js';
import { parseYaml, stringifyYaml } from './parse.js';

const canonicalYaml = (text: string): string => {
  const parsed = parseYaml(text, 'compose.yaml');
  const result = canonicalizeTree(parsed.tree as TreeMap, parsed.sourceMap);
  expect(result.issues).toEqual([]);
  return stringifyYaml(result.tree);
};

const serviceYaml = (service: string): string =>
  canonicalYaml(`services:\n  web:\n${service.replace(/^/gm, '    ')}\n`);

describe('short forms become long forms', () => {
  test('ports: "[ip:]published:target[/protocol]", numbers and ranges', () => {
    expect(serviceYaml('ports: [80, "8080:80", "127.0.0.1:5432:5432/tcp", "53:53/udp", "3000-3001:4000-4001"]'))
      .toMatchInlineSnapshot(`
      "services:
        web:
          ports:
            - mode: ingress
              target: 80
              protocol: tcp
            - mode: ingress
              target: 80
              protocol: tcp
              published: "8080"
            - mode: ingress
              target: 5432
              protocol: tcp
              host_ip: 127.0.0.1
              published: "5432"
            - mode: ingress
              target: 53
              protocol: udp
              published: "53"
            - mode: ingress
              target: 4000
              protocol: tcp
              published: "3000"
            - mode: ingress
              target: 4001
              protocol: tcp
              published: "3001"
      "
    `);
  });

  test('volumes: named, bind with mode, anonymous', () => {
    expect(serviceYaml('volumes: ["data:/var/lib/data", "/src:/app:ro", "/cache/"]')).toMatchInlineSnapshot(`
      "services:
        web:
          volumes:
            - type: volume
              source: data
              target: /var/lib/data
              volume: {}
            - type: bind
              source: /src
              target: /app
              read_only: true
              bind:
                create_host_path: true
            - type: volume
              target: /cache
              volume: {}
      "
    `);
  });

  test('depends_on: a list becomes service_started and required', () => {
    expect(serviceYaml('depends_on: [db]')).toMatchInlineSnapshot(`
      "services:
        web:
          depends_on:
            db:
              condition: service_started
              required: true
      "
    `);
  });

  test('environment and labels: lists become mappings of strings', () => {
    expect(serviceYaml('environment: [A=1, B, C=x=y]\nlabels: { port: 80 }')).toMatchInlineSnapshot(`
      "services:
        web:
          environment:
            A: "1"
            B: null
            C: x=y
          labels:
            port: "80"
      "
    `);
  });

  test('healthcheck: a string test runs in a shell; durations print like Go', () => {
    expect(
      serviceYaml(
        'healthcheck:\n  test: curl -f http://localhost\n  interval: 90s\n  timeout: 1h\n  start_period: 1500ms',
      ),
    ).toMatchInlineSnapshot(`
      "services:
        web:
          healthcheck:
            test:
              - CMD-SHELL
              - curl -f http://localhost
            interval: 1m30s
            timeout: 1h0m0s
            start_period: 1.5s
      "
    `);
  });

  test('command and entrypoint: strings split like a shell', () => {
    expect(serviceYaml(`command: bash -c "echo 'hi there'"\nentrypoint: /entry.sh --flag`)).toMatchInlineSnapshot(`
      "services:
        web:
          command:
            - bash
            - -c
            - echo 'hi there'
          entrypoint:
            - /entry.sh
            - --flag
      "
    `);
  });

  test('build: a string is the context; the Dockerfile defaults', () => {
    expect(serviceYaml('build: ./app')).toMatchInlineSnapshot(`
      "services:
        web:
          build:
            context: ./app
            dockerfile: Dockerfile
      "
    `);
  });

  test('extra_hosts: host:ip becomes host=ip', () => {
    expect(serviceYaml('extra_hosts: ["db.local:10.0.0.2", "api=10.0.0.3"]')).toMatchInlineSnapshot(`
      "services:
        web:
          extra_hosts:
            - db.local=10.0.0.2
            - api=10.0.0.3
      "
    `);
  });

  test('secrets: a name mounts under /run/secrets', () => {
    expect(serviceYaml('secrets: [api_key]')).toMatchInlineSnapshot(`
      "services:
        web:
          secrets:
            - source: api_key
              target: /run/secrets/api_key
      "
    `);
  });

  test('deploy.resources.limits: memory in bytes, cpus a number', () => {
    expect(serviceYaml('deploy:\n  resources:\n    limits: { memory: 1.5g, cpus: "0.5" }')).toMatchInlineSnapshot(`
      "services:
        web:
          deploy:
            resources:
              limits:
                memory: 1610612736
                cpus: 0.5
      "
    `);
  });
});

describe('invalid short forms are located issues', () => {
  test.each([
    [
      'a port that is not a number',
      'ports: ["80:http"]',
      '4:13 invalid port "80:http": "http" is not a port number or range',
    ],
    ['a volume mode that does not exist', 'volumes: ["a:/b:rx"]', '4:15 invalid volume "a:/b:rx": unknown mode "rx"'],
    ['a duration without unit', 'stop_grace_period: ten', '4:24 "ten" is not a duration'],
  ])('%s', (_rule, service, expected) => {
    const parsed = parseYaml(`services:\n  web:\n    image: x\n    ${service}\n`, 'compose.yaml');
    const issues = canonicalizeTree(parsed.tree as TreeMap, parsed.sourceMap).issues;
    expect(issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`)).toEqual([expected]);
  });
});
