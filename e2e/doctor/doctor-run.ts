// Running `dev doctor` for a scenario: the CLI binary when it is built, else the doctor's
// entry function with the same real probes; both give the report and the exit code.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../../packages/schema/src/index.js';
import type { CheckResult } from '../../packages/tui/src/doctor/index.js';
import { createDoctorProbes, formatReportJson, hasFailures, runDoctor } from '../../packages/tui/src/doctor/index.js';

export const devBinary = fileURLToPath(new URL('../../packages/tui/dist/bin/dev.js', import.meta.url));

export interface DoctorRun {
  exitCode: number;
  checks: CheckResult[];
  check: (id: string) => CheckResult;
  /** The JSON as printed, kept for a person reading a failure. */
  output: string;
}

const runThroughCli = (
  cwd: string,
  env: Record<string, string | undefined>,
  args: string[] = ['doctor', '--json'],
): Promise<{ exitCode: number; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [devBinary, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
  });

/** Whether the built CLI knows `dev doctor`. */
export const cliHasDoctor = async (): Promise<boolean> => {
  if (!existsSync(devBinary)) return false;
  const probe = await runThroughCli('/', {
    ...process.env,
    NO_COLOR: '1',
    DOCKER_HOST: 'unix:///nonexistent/devup.sock',
  });
  return !/unknown command "doctor"/.test(probe.stdout + probe.stderr);
};

const withLookup = (exitCode: number, checks: CheckResult[], output: string): DoctorRun => ({
  exitCode,
  checks,
  output,
  check: (id) => {
    const found = checks.find((check) => check.id === id);
    if (found === undefined) throw new Error(`no check "${id}" in:\n${output}`);
    return found;
  },
});

export const runDoctorIn = async (
  cwd: string,
  env: Record<string, string | undefined>,
  viaCli: boolean,
): Promise<DoctorRun> => {
  if (viaCli) {
    const result = await runThroughCli(cwd, env);
    const parsed = JSON.parse(result.stdout) as { checks: CheckResult[] };
    return withLookup(result.exitCode, parsed.checks, result.stdout + result.stderr);
  }
  const report = await runDoctor({ cwd, env }, createDoctorProbes(env, { loadProject }));
  return withLookup(hasFailures(report.checks) ? 1 : 0, report.checks, formatReportJson(report));
};

/** `dev doctor` as a person sees it (plain text, no colour). */
export const runDoctorText = async (
  cwd: string,
  env: Record<string, string | undefined>,
): Promise<{ exitCode: number; stdout: string; stderr: string }> => runThroughCli(cwd, env, ['doctor']);
