import { describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../../src/shared/approval.js';
import type { DesktopEvent } from '../../../src/shared/ipc.js';
import { ApprovalBroker } from '../../../src/main/services/approval-broker.js';

const edit = (id: string): ApprovalRequest => ({
  id,
  kind: 'edit',
  tool: 'edit_file',
  changes: [{ path: 'a.txt', before: 'a', after: 'b' }],
});

function setup() {
  const events: DesktopEvent[] = [];
  return { events, broker: new ApprovalBroker((e) => events.push(e)) };
}

describe('ApprovalBroker', () => {
  it('pushes the question, resolves with the decision and closes it', async () => {
    const { events, broker } = setup();
    const answer = broker.ask(edit('q1'), new AbortController().signal);
    expect(events).toEqual([{ type: 'approval', request: edit('q1') }]);
    expect(broker.openRequests()).toEqual(['q1']);
    expect(broker.decide('q1', { approved: true, note: 'ok' })).toEqual({ ok: true });
    await expect(answer).resolves.toEqual({ approved: true, note: 'ok' });
    expect(events.at(-1)).toEqual({ type: 'approval_closed', requestId: 'q1' });
    expect(broker.decide('q1', { approved: true })).toMatchObject({ ok: false, code: 'unknown_request' });
  });

  it('refuses an unknown request id', () => {
    const { broker } = setup();
    expect(broker.decide('nope', { approved: false })).toMatchObject({ ok: false, code: 'unknown_request' });
  });

  it('rejects when the run is cancelled, and closes the question', async () => {
    const { events, broker } = setup();
    const controller = new AbortController();
    const answer = broker.ask(edit('q2'), controller.signal);
    controller.abort();
    await expect(answer).rejects.toThrow(/cancelled/);
    expect(events.at(-1)).toEqual({ type: 'approval_closed', requestId: 'q2' });
    expect(broker.openRequests()).toEqual([]);
    const late = broker.ask(edit('q3'), controller.signal);
    await expect(late).rejects.toThrow(/cancelled/);
    expect(events.some((e) => e.type === 'approval' && e.request.id === 'q3')).toBe(false);
  });

  it('closeAll refuses every open question', async () => {
    const { broker } = setup();
    const a = broker.ask(edit('a'), new AbortController().signal);
    const b = broker.ask(edit('b'), new AbortController().signal);
    broker.closeAll('the run ended');
    await expect(a).rejects.toThrow('the run ended');
    await expect(b).rejects.toThrow('the run ended');
  });
});
