/** The slice of a pino logger this library writes to; any pino `Logger` fits. */
export interface MessagingLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: MessagingLogger = {
  warn() {},
  error() {},
};
