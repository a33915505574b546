import type { Port } from '@devup/schema';
import { describe, expect, test } from 'vitest';
import { makeProject, makeService } from '@devup/schema/testing';
import { publishedHostPorts } from './published-ports.js';

const port = (fields: Partial<Port>): Port => ({ mode: 'ingress', target: 80, protocol: 'tcp', ...fields });

describe('publishedHostPorts', () => {
  test.each([
    {
      name: 'host IP kept',
      ports: [port({ host_ip: '127.0.0.1', published: '8080' })],
      expected: ['127.0.0.1:8080/tcp'],
    },
    { name: 'no host IP: all addresses', ports: [port({ published: '8080' })], expected: ['0.0.0.0:8080/tcp'] },
    { name: 'ephemeral ports are skipped', ports: [port({})], expected: [] },
    {
      name: 'ranges expand',
      ports: [port({ published: '9000-9002' })],
      expected: ['0.0.0.0:9000/tcp', '0.0.0.0:9001/tcp', '0.0.0.0:9002/tcp'],
    },
    {
      name: 'udp kept, sctp skipped',
      ports: [port({ published: '53', protocol: 'udp' }), port({ published: '99', protocol: 'sctp' })],
      expected: ['0.0.0.0:53/udp'],
    },
  ])('$name', ({ ports, expected }) => {
    const project = makeProject('shop', [makeService('web', { ports })]);
    expect(publishedHostPorts(project).map((entry) => `${entry.hostIp}:${entry.hostPort}/${entry.protocol}`)).toEqual(
      expected,
    );
  });

  test('services outside the enabled profiles publish nothing', () => {
    const mongo = makeService('mongo', { profiles: ['mongo'], ports: [port({ published: '27017' })] });
    expect(publishedHostPorts(makeProject('shop', [mongo]))).toEqual([]);
    expect(
      publishedHostPorts(makeProject('shop', [mongo], { profiles_enabled: ['mongo'] })).map((entry) => entry.hostPort),
    ).toEqual([27017]);
  });
});
