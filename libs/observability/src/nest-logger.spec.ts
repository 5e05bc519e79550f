import { Writable } from 'node:stream';
import { createLogger } from './logger.js';
import { PinoNestLogger } from './nest-logger.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: new PinoNestLogger(createLogger('roster', level, stream)) };
}

describe('PinoNestLogger', () => {
  it("keeps Nest's start-up wiring out of info logs but keeps everything else", () => {
    const { lines, logger } = capture('info');
    logger.log('RosterModule dependencies initialized', 'InstanceLoader');
    logger.log('Mapped {/v1/health, GET} route', 'RouterExplorer');
    logger.log('roster is ready', 'Bootstrap');
    logger.error(new Error('boom'), 'RpcHandler');
    expect(lines.map((l) => [l.level, l.msg, l.context])).toEqual([
      ['info', 'roster is ready', 'Bootstrap'],
      ['error', 'boom', 'RpcHandler'],
    ]);
  });

  it('still shows the wiring at debug level', () => {
    const { lines, logger } = capture('debug');
    logger.log('RosterModule dependencies initialized', 'InstanceLoader');
    expect(lines).toEqual([expect.objectContaining({ level: 'debug', context: 'InstanceLoader' })]);
  });
});
