// The load stack: N services from debian:bookworm-slim, each printing about RATE lines a
// second from a bash loop (100 lines, then a short sleep sized to the rate).

export const logStackYaml = (services: number, linesPerSecond: number): string => {
  const burst = Math.max(1, Math.round(linesPerSecond / 10));
  const lines = ['services:'];
  for (let index = 1; index <= services; index += 1) {
    const name = `svc${String(index).padStart(2, '0')}`;
    lines.push(
      `  ${name}:`,
      '    image: debian:bookworm-slim',
      '    init: true',
      '    stop_grace_period: 1s',
      '    command:',
      '      - bash',
      '      - -c',
      `      - 'n=0; while :; do for i in {1..${burst}}; do n=$$((n+1)); echo "${name} line $$n lorem ipsum dolor sit amet consectetur"; done; sleep 0.1; done'`,
    );
  }
  return `${lines.join('\n')}\n`;
};
