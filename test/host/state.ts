import { Emulator, ProjectItemType, TrackItem } from './emulator';

function clipState(c: TrackItem) {
  const level = c.mediaType === 'Audio' ? c.levelParam() : undefined;
  return {
    name: c.name,
    path: c.projectItem?.getMediaPath() ?? '',
    ...c.raw,
    keys: level ? [...level.keys.entries()].sort((a, b) => a[0] - b[0]) : [],
  };
}

/** Everything placeScore/placeStingers could change, for "running it twice changes nothing". */
export function projectState(emu: Emulator) {
  const seq = emu.sequence;
  return {
    video: seq.video.map((t) => ({ name: t.name, clips: t.items.map(clipState) })),
    audio: seq.audio.map((t) => ({ name: t.name, locked: t.locked, clips: t.items.map(clipState) })),
    bins: emu.project!.rootItem.items.filter((i) => i.type === ProjectItemType.BIN).map((b) => ({ name: b.name, items: b.all().map((i) => i.getMediaPath()) })),
    rootItems: emu.project!.rootItem.items.length,
  };
}
