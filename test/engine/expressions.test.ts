import { describe, expect, it } from 'vitest';
import {
  ExpressionError,
  evaluateFilter,
  expressionSyntaxError,
  renderInput,
  templateSyntaxErrors,
} from '../../src/engine/expressions.ts';

const context = {
  trigger: { appointment_id: 'a-1', appointment_status: 'pending_booking', tags: ['x', 'y'], count: 3 },
  steps: { get: { appointment_status: 'confirmed', nested: { n: 1 } } },
  run: { id: 'r', workflow_id: 'w', event_id: 'e' },
};

describe('input templates', () => {
  it('keep the type of a whole-string expression', async () => {
    expect(
      await renderInput(
        {
          id: '{{ trigger.appointment_id }}',
          n: '{{trigger.count}}',
          obj: '{{ steps.get.nested }}',
          arr: '{{ trigger.tags }}',
        },
        context,
      ),
    ).toEqual({ id: 'a-1', n: 3, obj: { n: 1 }, arr: ['x', 'y'] });
  });

  it('interpolate expressions inside longer text', async () => {
    expect(
      await renderInput(
        { note: 'Appt {{ trigger.appointment_id }} is {{ steps.get.appointment_status }}' },
        context,
      ),
    ).toEqual({
      note: 'Appt a-1 is confirmed',
    });
  });

  it('leave literals alone, recurse into arrays and drop undefined keys', async () => {
    expect(
      await renderInput(
        { a: 1, b: true, c: ['{{ trigger.count }}', 'lit'], d: '{{ trigger.missing }}' },
        context,
      ),
    ).toEqual({
      a: 1,
      b: true,
      c: [3, 'lit'],
    });
  });

  it('report the path of a broken expression', async () => {
    await expect(renderInput({ x: { y: '{{ trigger. }}' } }, context)).rejects.toThrow(ExpressionError);
    await expect(renderInput({ x: { y: '{{ trigger. }}' } }, context)).rejects.toThrow(/input\.x\.y/);
  });
});

describe('filters', () => {
  it('pass only on exactly true', async () => {
    expect(await evaluateFilter("trigger.appointment_status = 'pending_booking'", context, 'f')).toBe(true);
    expect(await evaluateFilter("trigger.appointment_status = 'confirmed'", context, 'f')).toBe(false);
    expect(await evaluateFilter('trigger.appointment_id', context, 'f')).toBe(false);
    expect(await evaluateFilter('trigger.nothing', context, 'f')).toBe(false);
  });

  it('syntax errors are found without evaluating', () => {
    expect(expressionSyntaxError('a = ')).toMatch(/./);
    expect(expressionSyntaxError("a = 'b'")).toBeNull();
  });
});

describe('guardrails', () => {
  it('stops a runaway expression instead of freezing the process', async () => {
    // Without guardrails this never returns and the test times out.
    await expect(evaluateFilter('($f := function($n){ $f($n + 1) }; $f(1))', context, 'f')).rejects.toThrow(
      ExpressionError,
    );
    await expect(renderInput({ x: '{{ $count([1..100000000]) }}' }, context)).rejects.toThrow(
      ExpressionError,
    );
  });

  it('scans templates in linear time, and leaves an unclosed {{ as text', async () => {
    // A quadratic scan of this string takes over a minute and the test times out.
    const hostile = '{{'.repeat(400_000);
    expect(await renderInput({ x: hostile }, context)).toEqual({ x: hostile });
    expect(templateSyntaxErrors(hostile, ['x'])).toEqual([]);
    expect(await renderInput({ x: 'a {{ trigger.count }} b {{ c' }, context)).toEqual({ x: 'a 3 b {{ c' });
  });
});
