// The normalized project: what every loader phase produces at the end and what the
// daemon reconciles against. Keys and value shapes follow Docker Compose v2's canonical
// form (`docker compose config --format json`), so a loaded project can be compared
// key-for-key with Compose's own output. Paths are absolute.

export interface Project {
  /** Project name (`-p`, COMPOSE_PROJECT_NAME, top-level `name`, or the folder name). */
  name: string;
  /** Absolute project directory; relative paths in the files resolve against it. */
  working_dir: string;
  /** Absolute paths of the files that were loaded, in order (production files first). */
  config_files: string[];
  services: Record<string, Service>;
  networks: Record<string, Network>;
  volumes: Record<string, Volume>;
  secrets: Record<string, FileObject>;
  configs: Record<string, FileObject>;
  /** Profiles enabled for this load. */
  profiles_enabled: string[];
  /**
   * Services defined in the files but left out of this load (a profile not enabled, or not
   * among the services named): not run, yet known, so their containers are not orphans.
   * Absent when every service is in.
   */
  disabled_services?: string[];
  /** Top-level `x-*` extensions other than `x-dev`. */
  extensions: Record<string, unknown>;
  /** Project-level `x-dev` settings. */
  dev: ProjectDev;
  /**
   * Keys Compose allows outside services that devup does not apply, as written, laid out like
   * a Compose document (`{ version, networks: { front: { ipam } } }`), so `dev config` still
   * prints them (services carry their own `unapplied`). Each is reported once as a warning.
   */
  unapplied?: Record<string, unknown>;
}

export interface ProjectDev {
  /** Files named under `x-dev.production`, absolute; empty when none. */
  production: string[];
}

export interface Service {
  name: string;
  image?: string;
  build?: Build;
  command?: string[] | null;
  entrypoint?: string[] | null;
  /** Resolved environment: env_file entries first, then `environment` on top. `null` = passed through unset. */
  environment: Record<string, string | null>;
  ports: Port[];
  expose: string[];
  volumes: ServiceVolume[];
  depends_on: Record<string, Dependency>;
  healthcheck?: Healthcheck;
  restart?: 'no' | 'always' | 'on-failure' | 'unless-stopped' | `on-failure:${number}`;
  /** Compose's `pull_policy`, as written (always, missing, never, build, if_not_present, ...). */
  pull_policy?: string;
  profiles: string[];
  networks: Record<string, ServiceNetwork | null>;
  labels: Record<string, string>;
  working_dir?: string;
  user?: string;
  stop_signal?: string;
  /** Go duration string as Compose prints it, e.g. "10s", "1m30s". */
  stop_grace_period?: string;
  init?: boolean;
  tty?: boolean;
  stdin_open?: boolean;
  container_name?: string;
  hostname?: string;
  /** "host:ip" entries as Compose prints them ("somehost=162.242.195.82" in v2.26 json). */
  extra_hosts: string[];
  secrets: ServiceFileRef[];
  configs: ServiceFileRef[];
  develop?: Develop;
  /** deploy.replicas / scale, 1 when unset. */
  replicas: number;
  resources?: ResourceLimits;
  /** `x-*` extensions on the service other than `x-dev`. */
  extensions: Record<string, unknown>;
  dev: ServiceDev;
  /**
   * Keys Compose allows on a service that devup does not apply, as written (canonical form),
   * so `dev config` still prints them. Each is reported once as a warning when loading.
   */
  unapplied?: Record<string, unknown>;
}

export interface Build {
  /** Absolute path (or a URL kept as written). */
  context: string;
  dockerfile: string;
  args: Record<string, string | null>;
  target?: string;
  labels: Record<string, string>;
}

export interface Port {
  mode: 'ingress' | 'host';
  /** Host IP, when given ("127.0.0.1"). */
  host_ip?: string;
  target: number;
  /** Published host port or range as Compose prints it (a string), absent when ephemeral. */
  published?: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  name?: string;
  app_protocol?: string;
}

export type ServiceVolume =
  | {
      type: 'bind';
      source: string;
      target: string;
      read_only?: boolean;
      bind: { create_host_path: boolean; propagation?: string; selinux?: string };
    }
  | {
      type: 'volume';
      source?: string;
      target: string;
      read_only?: boolean;
      volume?: { nocopy?: boolean; subpath?: string };
    }
  | { type: 'tmpfs'; target: string; read_only?: boolean; tmpfs?: { size?: number; mode?: number } };

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  condition: DependencyCondition;
  required: boolean;
  restart?: boolean;
}

export interface Healthcheck {
  test?: string[];
  /** Go duration strings as Compose prints them ("30s", "1m30s"). */
  interval?: string;
  timeout?: string;
  start_period?: string;
  start_interval?: string;
  retries?: number;
  disable?: boolean;
}

export interface ServiceNetwork {
  aliases?: string[];
  ipv4_address?: string;
  ipv6_address?: string;
  priority?: number;
}

export interface ServiceFileRef {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export interface ResourceLimits {
  /** CPUs as a decimal string, e.g. "0.5". */
  cpus?: string;
  /** Memory in bytes. */
  memory?: number;
  pids?: number;
}

export interface Network {
  name: string;
  driver?: string;
  external?: boolean;
  internal?: boolean;
  attachable?: boolean;
  labels: Record<string, string>;
  driver_opts?: Record<string, string>;
}

export interface Volume {
  name: string;
  driver?: string;
  external?: boolean;
  labels: Record<string, string>;
  driver_opts?: Record<string, string>;
}

/** A top-level secret or config: from a file, an environment variable, or inline content. */
export interface FileObject {
  name: string;
  file?: string;
  environment?: string;
  content?: string;
  external?: boolean;
}

export type WatchAction = 'sync' | 'rebuild' | 'sync+restart' | 'restart' | 'sync+exec';

export interface WatchRule {
  action: WatchAction;
  /** Absolute host path. */
  path: string;
  /** Container path, for sync actions. */
  target?: string;
  ignore: string[];
  include: string[];
  initial_sync?: boolean;
  /** For `sync+exec`. */
  exec?: {
    command: string[];
    user?: string;
    privileged?: boolean;
    working_dir?: string;
    environment?: Record<string, string>;
  };
}

export interface Develop {
  watch: WatchRule[];
}

/** devup's additions under a service's `x-dev` key. */
export interface ServiceDev {
  /**
   * Reload recipes: instead of restarting the container after a sync, run a command in it
   * or send it a signal. Applies to changes under `path` (default: every sync rule's path).
   */
  reload: ReloadRecipe[];
  /**
   * Host folders shared with other services: a change under one of them restarts this
   * service (after any sync) even when it has no watch rule of its own for that folder.
   */
  restart_on: string[];
}

export type ReloadRecipe = { path?: string; exec: string[]; user?: string } | { path?: string; signal: string };

/** One problem found while loading: where it is, what is wrong, and what to do. */
export interface ConfigIssue {
  severity: 'error' | 'warning';
  /** File path relative to the project directory when inside it, else absolute. */
  file: string;
  line: number;
  column: number;
  /** Dotted path in the document, e.g. "services.web.depends_on". */
  path: string;
  message: string;
  hint?: string;
  /** Stable code, e.g. "unknown-dependency". */
  code: string;
}
