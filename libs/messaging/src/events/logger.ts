/** The slice of a pino logger this library writes to; any pino `Logger` fits. */
export interface MessagingLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: MessagingLogger = {
  info() {},
  warn() {},
  error() {},
};
