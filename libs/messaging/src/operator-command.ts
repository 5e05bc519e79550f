/**
 * How the operator commands (`npm run dlq`, `npm run outbox`) run: arguments that do not parse
 * print the usage and exit 2, the command's own result is its exit code, and a failure prints
 * `<name>: <message>` and exits 1.
 */
export function runOperatorCommand<A>(name: string, parse: (argv: string[]) => A, run: (args: A) => Promise<number>): void {
  let args: A;
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  run(args).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${name}: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
