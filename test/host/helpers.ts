import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { hostCallScript, parseEnvelope } from '../../src/host/bridge';
import type { HostEnvelope, HostFunction } from '../../src/host/adapter';
import { readFcp7Xml } from '../../src/timeline';
import { SHARED_FIXTURES } from '../paths';
import { Emulator } from './emulator';

export const sharedFixtureNames = (): string[] => fs.readdirSync(SHARED_FIXTURES).filter((f) => f.endsWith('.xml')).sort();

export function fixtureSequence(name: string) {
  return readFcp7Xml(fs.readFileSync(path.join(SHARED_FIXTURES, name), 'utf8'), name);
}

/** Calls $.cuebed.<fn> exactly as the panel does (script text through evalScript). */
export function call<T>(emu: Emulator, fn: HostFunction, arg?: unknown): HostEnvelope<T> {
  const text = emu.evalScript(hostCallScript(fn, arg ?? {}));
  expect(text).not.toBe('EvalScript error.');
  return parseEnvelope<T>(text, fn);
}

export function data<T>(env: HostEnvelope<T>): T {
  if (!env.ok) throw new Error(`host error ${env.error.code}: ${env.error.message}`);
  return env.data;
}
