import { configurationProblem, editProblem, promoteProblem, sendProblem, windowEndOf } from './experiment-rules';

describe('experiment rules', () => {
  it('wants 2 to 4 variants whose sizes with control add up to 100', () => {
    expect(configurationProblem([40, 40], 20)).toBeNull();
    expect(configurationProblem([25, 25, 25, 15], 10)).toBeNull();
    expect(configurationProblem([80], 20)).toBe('EXPERIMENT_VARIANT_COUNT');
    expect(configurationProblem([20, 20, 20, 20, 10], 10)).toBe('EXPERIMENT_VARIANT_COUNT');
    expect(configurationProblem([40, 40], 10)).toBe('EXPERIMENT_SIZES_NOT_100');
    expect(configurationProblem([50, 50], 10)).toBe('EXPERIMENT_SIZES_NOT_100');
  });

  it('edits only drafts and sends only while running, within the window', () => {
    expect(editProblem('draft')).toBeNull();
    expect(editProblem('running')).toBe('EXPERIMENT_NOT_EDITABLE');
    expect(editProblem('promoted')).toBe('EXPERIMENT_NOT_EDITABLE');
    const end = new Date('2026-05-15T02:00:00Z');
    expect(sendProblem('running', end, new Date('2026-05-15T01:59:59Z'))).toBeNull();
    expect(sendProblem('running', end, end)).toBe('EXPERIMENT_NOT_RUNNING');
    expect(sendProblem('draft', undefined, end)).toBe('EXPERIMENT_NOT_RUNNING');
    expect(sendProblem('promoted', end, new Date('2026-05-01T00:00:00Z'))).toBe('EXPERIMENT_NOT_RUNNING');
  });

  it('promotes once, after the window', () => {
    const started = new Date('2026-05-01T02:00:00Z');
    const end = windowEndOf(started, 14);
    expect(end.toISOString()).toBe('2026-05-15T02:00:00.000Z');
    expect(promoteProblem('running', end, new Date('2026-05-15T01:59:59Z'))).toBe('EXPERIMENT_WINDOW_OPEN');
    expect(promoteProblem('running', end, end)).toBeNull();
    expect(promoteProblem('promoted', end, new Date('2026-06-01T00:00:00Z'))).toBe('EXPERIMENT_ALREADY_PROMOTED');
    expect(promoteProblem('draft', undefined, end)).toBe('EXPERIMENT_NOT_RUNNING');
  });
});
