// Check: every image a service runs is present locally, or its build's base images are.
// No registry may be reachable from a developer's machine, so a missing image is a failure
// unless the service builds it.
import { isAbsolute, join } from 'node:path';
import type { Project, Service } from '@devup/schema';
import type { CheckResult, CheckStatus } from './check-result.js';
import { worstStatus } from './check-result.js';
import { parseDockerfileBases } from './dockerfile-bases.js';
import { isServiceActive } from './published-ports.js';

export interface ImageProbes {
  /** Undefined when the engine cannot be asked. */
  hasImage: (reference: string) => Promise<boolean | undefined>;
  readText: (path: string) => Promise<string | undefined>;
}

interface Finding {
  status: CheckStatus;
  line: string;
  fix?: string;
}

const getImageFix = (reference: string): string =>
  [
    `get ${reference} onto this machine: \`docker pull ${reference}\` where a registry is reachable,`,
    `or on a machine that has it \`docker save ${reference} -o image.tar\`, then here \`docker load -i image.tar\`.`,
  ].join('\n');

const isRemoteContext = (context: string): boolean =>
  /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@');

const checkPulledImage = async (service: Service, reference: string, probes: ImageProbes): Promise<Finding> => {
  const present = await probes.hasImage(reference);
  if (present === undefined) return { status: 'warn', line: `${service.name}: ${reference}: could not ask the engine` };
  if (present) return { status: 'ok', line: `${service.name}: ${reference} present` };
  return {
    status: 'fail',
    line: `${service.name}: image ${reference} is not present locally and no registry may be reachable`,
    fix: getImageFix(reference),
  };
};

const checkBuild = async (service: Service, probes: ImageProbes): Promise<Finding[]> => {
  const build = service.build;
  if (build === undefined) return [];
  if (isRemoteContext(build.context))
    return [{ status: 'ok', line: `${service.name}: builds from ${build.context} (not checked)` }];
  const dockerfilePath = isAbsolute(build.dockerfile) ? build.dockerfile : join(build.context, build.dockerfile);
  const text = await probes.readText(dockerfilePath);
  if (text === undefined) {
    return [
      {
        status: 'fail',
        line: `${service.name}: Dockerfile ${dockerfilePath} not found`,
        fix: `create it, or point services.${service.name}.build.dockerfile at the right file.`,
      },
    ];
  }
  const { bases, unresolved } = parseDockerfileBases(text, build.args);
  const findings: Finding[] = unresolved.map((base) => ({
    status: 'warn',
    line: `${service.name}: ${dockerfilePath}:${base.line}: FROM ${base.reference} uses an unset build argument`,
  }));
  for (const base of bases) {
    const present = await probes.hasImage(base.reference);
    if (present === undefined) {
      findings.push({ status: 'warn', line: `${service.name}: base ${base.reference}: could not ask the engine` });
    } else if (present) {
      findings.push({ status: 'ok', line: `${service.name}: builds FROM ${base.reference} (present)` });
    } else {
      findings.push({
        status: 'warn',
        line: `${service.name}: ${dockerfilePath}:${base.line}: base image ${base.reference} is not present locally; the build must pull it`,
        fix: getImageFix(base.reference),
      });
    }
  }
  if (findings.length === 0) findings.push({ status: 'ok', line: `${service.name}: builds from scratch` });
  return findings;
};

export const checkImages = async (project: Project, probes: ImageProbes): Promise<CheckResult> => {
  const base = { id: 'images', title: 'Images' };
  const findings: Finding[] = [];
  for (const service of Object.values(project.services)) {
    if (!isServiceActive(service, project.profiles_enabled)) continue;
    if (service.build !== undefined) {
      findings.push(...(await checkBuild(service, probes)));
    } else if (service.image !== undefined) {
      findings.push(await checkPulledImage(service, service.image, probes));
    }
  }
  if (findings.length === 0) return { ...base, status: 'ok', detail: 'no services' };
  const status = worstStatus(findings.map((finding) => finding.status));
  const shown = status === 'ok' ? findings : findings.filter((finding) => finding.status !== 'ok');
  const fixes = [...new Set(shown.map((finding) => finding.fix).filter((fix): fix is string => fix !== undefined))];
  return {
    ...base,
    status,
    detail: shown.map((finding) => finding.line).join('\n'),
    ...(fixes.length === 0 ? {} : { fix: fixes.join('\n') }),
  };
};
