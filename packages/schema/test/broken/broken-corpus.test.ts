// The broken-file corpus: each file in this folder is wrong in one way, and the loader must
// say where (exact file:line:col) and what, in the user's words. The first issue is checked.
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadProject } from '../../src/index.js';

const corpus = import.meta.dirname;

const expectations: Array<[file: string, location: string, message: string]> = [
  ['bool-cast-failure.yaml', 'bool-cast-failure.yaml:4:10', "services.web.tty: after interpolation the value must be true or false, but became \"\""],
  ['build-unknown-key.yaml', 'build-unknown-key.yaml:5:7', "services.web.build.dockerfil: unknown key \"dockerfil\""],
  ['command-unclosed-quote.yaml', 'command-unclosed-quote.yaml:4:14', "services.web.command: cannot split the command into words: unterminated double quote"],
  ['depends-on-condition-invalid.yaml', 'depends-on-condition-invalid.yaml:6:20', "services.web.depends_on.db.condition: must be one of \"service_started\", \"service_healthy\", \"service_completed_successfully\", not the string \"service_ready\""],
  ['depends-on-cycle.yaml', 'depends-on-cycle.yaml:7:18', "services.api.depends_on.web: dependency cycle: web -> api -> web"],
  ['depends-on-self.yaml', 'depends-on-self.yaml:4:18', "services.web.depends_on.web: dependency cycle: web -> web"],
  ['depends-on-unknown.yaml', 'depends-on-unknown.yaml:5:9', "services.web.depends_on: unknown service \"dbb\""],
  ['empty-file.yaml', 'empty-file.yaml:1:1', "empty compose file"],
  ['environment-nested.yaml', 'environment-nested.yaml:6:9', "services.web.environment.DEBUG: must be a string, a number, true or false or empty, not a mapping"],
  ['extends-cycle.yaml', 'extends-cycle.yaml:5:14', "services.b.extends: extends cycle: a -> b -> a"],
  ['extends-missing-file.yaml', 'extends-missing-file.yaml:4:7', "services.web.extends: extends: file \"common.yaml\" not found"],
  ['extends-unknown.yaml', 'extends-unknown.yaml:5:14', "services.web.extends: extends: unknown service \"bse\""],
  ['healthcheck-bad-duration.yaml', 'healthcheck-bad-duration.yaml:6:17', "services.web.healthcheck.interval: \"10 seconds\" is not a duration"],
  ['host-port-conflict.yaml', 'host-port-conflict.yaml:7:13', "services.admin.ports.0: host port 8080/tcp is already published by service \"web\""],
  ['image-is-number.yaml', 'image-is-number.yaml:3:12', "services.web.image: must be a string, not the number 42"],
  ['include-missing.yaml', 'include-missing.yaml:2:5', "include.0: included file missing.yaml not found"],
  ['interpolation-bad-format.yaml', 'interpolation-bad-format.yaml:3:12', "services.web.image: invalid interpolation format for \"${}\": a variable name is required"],
  ['interpolation-unclosed.yaml', 'interpolation-unclosed.yaml:3:12', "services.web.image: invalid interpolation format \"${TAG\": missing closing brace"],
  ['memory-bad-size.yaml', 'memory-bad-size.yaml:7:19', "services.web.deploy.resources.limits.memory: \"lots\" is not a memory size"],
  ['misspelled-restart-key.yaml', 'misspelled-restart-key.yaml:4:5', "services.web.restrt: unknown key \"restrt\""],
  ['network-external-not-bool.yaml', 'network-external-not-bool.yaml:6:15', "networks.front.external: must be true or false, not \"maybe\""],
  ['port-bad-protocol.yaml', 'port-bad-protocol.yaml:4:13', "services.web.ports.0: invalid port \"80:80/icmp\": protocol must be tcp, udp or sctp"],
  ['port-invalid.yaml', 'port-invalid.yaml:4:13', "services.web.ports.0: invalid port \"80:http\": \"http\" is not a port number or range"],
  ['ports-not-list.yaml', 'ports-not-list.yaml:4:12', "services.web.ports: must be a list, not the number 80"],
  ['profiles-not-list.yaml', 'profiles-not-list.yaml:4:15', "services.web.profiles: must be a list, not the string \"debug\""],
  ['required-variable.yaml', 'required-variable.yaml:3:12', "services.web.image: required variable TAG is missing a value: set TAG to the release"],
  ['restart-invalid.yaml', 'restart-invalid.yaml:4:14', "services.web.restart: \"sometimes\" is not a restart policy"],
  ['service-is-string.yaml', 'service-is-string.yaml:2:8', "services.web: must be a mapping, not the string \"nginx\""],
  ['services-not-mapping.yaml', 'services-not-mapping.yaml:2:3', "services: must be a mapping, not a list"],
  ['stop-grace-bad-duration.yaml', 'stop-grace-bad-duration.yaml:4:24', "services.web.stop_grace_period: \"soon\" is not a duration"],
  ['top-level-list.yaml', 'top-level-list.yaml:1:1', "the top level of a compose file must be a mapping (services:, volumes:, ...)"],
  ['undefined-network.yaml', 'undefined-network.yaml:4:16', "services.web.networks.frontend: network \"frontend\" is not defined"],
  ['undefined-secret.yaml', 'undefined-secret.yaml:4:15', "services.web.secrets.0: secret \"api_key\" is not defined"],
  ['undefined-volume.yaml', 'undefined-volume.yaml:5:9', "services.db.volumes.0: named volume \"pgdata\" is not defined"],
  ['unknown-service-key.yaml', 'unknown-service-key.yaml:4:5', "services.web.ports_: unknown key \"ports_\""],
  ['unknown-top-level-key.yaml', 'unknown-top-level-key.yaml:1:1', "servces: unknown key \"servces\" at the top level"],
  ['volume-bad-mode.yaml', 'volume-bad-mode.yaml:4:15', "services.web.volumes.0: invalid volume \"data:/data:readonly\": unknown mode \"readonly\""],
  ['watch-bad-action.yaml', 'watch-bad-action.yaml:7:19', "services.web.develop.watch.0.action: must be one of \"rebuild\", \"sync\", \"restart\", \"sync+restart\", \"sync+exec\", not the string \"copy\""],
  ['x-dev-reload-bad.yaml', 'x-dev-reload-bad.yaml:6:11', "services.web.x-dev.reload.0: missing required key \"exec\""],
  ['x-dev-unknown-key.yaml', 'x-dev-unknown-key.yaml:2:3', "x-dev.prodution: unknown key \"prodution\""],
  ['yaml-bad-indent.yaml', 'yaml-bad-indent.yaml:4:1', "YAML syntax error: bad indentation (All mapping items must start at the same column)"],
  ['yaml-compact-mapping.yaml', 'yaml-compact-mapping.yaml:2:8', "YAML syntax error: a mapping cannot start on the same line as its key (Nested mappings are not allowed in compact mappings)"],
  ['yaml-duplicate-key.yaml', 'yaml-duplicate-key.yaml:4:5', "duplicate key \"image\""],
  ['yaml-tab-indent.yaml', 'yaml-tab-indent.yaml:3:1', "tabs are not allowed for indentation"],
  ['yaml-two-documents.yaml', 'yaml-two-documents.yaml:4:1', "YAML syntax error: more than one YAML document in the file"],
  ['yaml-unclosed-flow.yaml', 'yaml-unclosed-flow.yaml:4:1', "YAML syntax error: bad indentation (Flow sequence in block collection must be sufficiently indented and end with a ])"],
  ['yaml-unclosed-quote.yaml', 'yaml-unclosed-quote.yaml:4:1', "YAML syntax error: missing closing character (Missing closing \"quote)"],
  ['yaml-unknown-anchor.yaml', 'yaml-unknown-anchor.yaml:3:18', "services.web.environment: unknown anchor \"common\""],
];

describe('broken files are reported at the exact place', () => {
  test('the corpus has at least 40 files, each with an expectation', () => {
    const files = readdirSync(corpus).filter((file) => file.endsWith('.yaml')).sort();
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(expectations.map(([file]) => file).sort()).toEqual(files);
  });

  test.each(expectations)('%s', async (file, location, message) => {
    const result = await loadProject({ cwd: corpus, env: { HOME: '/home/dev' }, files: [file] });
    expect(result.ok).toBe(false);
    const first = result.ok ? undefined : result.issues[0];
    expect(first === undefined ? '' : `${first.file}:${first.line}:${first.column}`).toBe(location);
    expect(first === undefined ? '' : `${first.path === '' ? '' : `${first.path}: `}${first.message}`).toBe(message);
  });
});
