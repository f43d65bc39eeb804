import * as renderedObject from '../../lib/shared/rendered-object';

/**
 * Runs `check` with `moveChildrenToEnd` refusing, as it does on a constructs node that keeps its
 * children otherwise, so that the patterns fall back to dependencies to keep the YAML order;
 * fails when nothing tried to move children (the check would then not reach the fallback).
 */
export function withChildMovesRefused(check: () => void): void {
  const move = jest.spyOn(renderedObject, 'moveChildrenToEnd').mockReturnValue(false);
  try {
    check();
    expect(move).toHaveBeenCalled();
  } finally {
    move.mockRestore();
  }
}
