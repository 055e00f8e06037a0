/**
 * The part of Premiere's UXP DOM (`require('premierepro')`) the Cuebed UXP adapter uses, as
 * structural narrowings of the official typings in `@adobe/premierepro` (26.3.0).
 *
 * Why narrowings instead of the official types themselves: the official object types carry
 * hundreds of members (and some instance types even declare construct signatures), so no test
 * double could implement them without casts. Instead the adapter is written against these
 * interfaces, the emulator in test/uxp implements them, and the assertion at the end of this file
 * makes the compiler prove that the OFFICIAL `premierepro` module type is assignable to
 * `UxpPremiere`. If Adobe renames a member, changes a return type or a parameter type the adapter
 * relies on, `tsc` fails here — the surface cannot drift from the real API, and neither can the
 * emulator, which implements exactly this surface.
 *
 * Members are declared with method syntax on purpose: parameters of DOM objects (a TickTime, a
 * ProjectItem) are the narrowed types here and the full types in the official file, and method
 * parameters are compared bivariantly, which is what a narrowing needs.
 *
 * API facts and their sources: ../../../../shared/reference/premiere-platform.md §5 (UXP) and the
 * AdobeDocs/uxp-premiere-pro-samples panels (sequenceEditor.ts, keyframe.ts, transcript.ts).
 */
import type { Constants, premierepro } from '@adobe/premierepro';

export type UxpTrackItemType = Constants.TrackItemType;
export type UxpMediaType = Constants.MediaType;

/** Official `Action` is `{}`; AudioTrack.createSetNameAction is typed `object`. */
export type UxpAction = object;

export interface UxpTickTime {
  readonly ticks: string;
  readonly ticksNumber: number;
  readonly seconds: number;
}

export interface UxpTickTimeStatic {
  createWithTicks(ticks: string): UxpTickTime;
  readonly TIME_ZERO: UxpTickTime;
}

export interface UxpFrameRate {
  /** Frames (or samples) per second. */
  readonly value: number;
  ticksPerFrame: number;
}

export interface UxpGuid {
  toString(): string;
}

export interface UxpCompoundAction {
  addAction(action: UxpAction): boolean;
  readonly empty: boolean;
}

export interface UxpKeyframe {
  position: UxpTickTime;
  value: { value: string | number | boolean | object };
}

export interface UxpComponentParam {
  readonly displayName: string;
  createKeyframe(inValue: number): UxpKeyframe;
  createAddKeyframeAction(inKeyFrame: UxpKeyframe): UxpAction;
  createSetTimeVaryingAction(inTimeVarying: boolean): UxpAction;
  createRemoveKeyframeRangeAction(inTime: UxpTickTime, outTime: UxpTickTime, UpdateUI?: boolean): UxpAction;
  getKeyframeListAsTickTimes(): UxpTickTime[];
  getKeyframePtr(time?: UxpTickTime): UxpKeyframe;
  getValueAtTime(time: UxpTickTime): Promise<string | number | boolean | object>;
  isTimeVarying(): boolean;
}

export interface UxpComponent {
  getMatchName(): Promise<string>;
  getDisplayName(): Promise<string>;
  getParamCount(): number;
  getParam(paramIndex?: number): UxpComponentParam;
}

export interface UxpComponentChain {
  getComponentCount(): number;
  getComponentAtIndex(componentIndex: number): UxpComponent;
}

export interface UxpProjectItem {
  readonly name: string;
  readonly type: number;
  getId(): string;
}

export interface UxpFootageInterpretation {
  getAlphaUsage(): number;
}

export interface UxpClipProjectItem {
  readonly name: string;
  readonly type: number;
  getMediaFilePath(): Promise<string>;
  isSequence(): Promise<boolean>;
  getFootageInterpretation(): Promise<UxpFootageInterpretation>;
}

export interface UxpFolderItem {
  readonly name: string;
  readonly type: number;
  getItems(): Promise<UxpProjectItem[]>;
  createBinAction(name: string, makeUnique: boolean): UxpAction;
}

/** What audio and video clip track items share (the adapter reads both the same way). */
export interface UxpClipTrackItem {
  getName(): Promise<string>;
  getStartTime(): Promise<UxpTickTime>;
  getEndTime(): Promise<UxpTickTime>;
  getInPoint(): Promise<UxpTickTime>;
  getOutPoint(): Promise<UxpTickTime>;
  isDisabled(): Promise<boolean>;
  isAdjustmentLayer(): Promise<boolean>;
  getProjectItem(): Promise<UxpProjectItem>;
  getComponentChain(): Promise<UxpComponentChain>;
  createSetNameAction(inName: string): UxpAction;
}

export type UxpAudioClipTrackItem = UxpClipTrackItem;
export type UxpVideoClipTrackItem = UxpClipTrackItem;

export interface UxpTrack<Item> {
  readonly name: string;
  readonly id: number;
  getIndex(): Promise<number>;
  isMuted(): Promise<boolean>;
  getTrackItems(trackItemType: UxpTrackItemType, includeEmptyTrackItems: boolean): Item[];
  createSetNameAction(name: string): UxpAction;
}

export type UxpAudioTrack = UxpTrack<UxpAudioClipTrackItem>;
export type UxpVideoTrack = UxpTrack<UxpVideoClipTrackItem>;

export interface UxpSequenceSettings {
  getVideoFrameRate(): UxpFrameRate;
  getAudioSampleRate(): Promise<UxpFrameRate>;
}

export interface UxpSequence {
  readonly name: string;
  readonly guid: UxpGuid;
  getSettings(): Promise<UxpSequenceSettings>;
  getVideoTrackCount(): Promise<number>;
  getAudioTrackCount(): Promise<number>;
  getVideoTrack(trackIndex: number): Promise<UxpVideoTrack>;
  getAudioTrack(trackIndex: number): Promise<UxpAudioTrack>;
  getZeroPoint(): Promise<UxpTickTime>;
  getEndTime(): Promise<UxpTickTime>;
  getInPoint(): Promise<UxpTickTime>;
  getOutPoint(): Promise<UxpTickTime>;
  getPlayerPosition(): Promise<UxpTickTime>;
}

export interface UxpTrackItemSelection {
  addItem(trackItem: UxpClipTrackItem, skipDuplicateCheck?: boolean): boolean;
}

export interface UxpSequenceEditor {
  createOverwriteItemAction(projectItem: UxpProjectItem, time: UxpTickTime, videoTrackIndex: number, audioTrackIndex: number): UxpAction;
  createInsertProjectItemAction(projectItem: UxpProjectItem, time: UxpTickTime, videoTrackIndex: number, audioTrackIndex: number, limitShift: boolean): UxpAction;
  createRemoveItemsAction(trackItemSelection: UxpTrackItemSelection, ripple: boolean, mediaType: UxpMediaType, shiftOverLapping?: boolean): UxpAction;
}

export interface UxpProject {
  readonly name: string;
  readonly path: string;
  /** Resolves null/undefined when no sequence is open (the official type omits it). */
  getActiveSequence(): Promise<UxpSequence | null | undefined>;
  getRootItem(): Promise<UxpFolderItem>;
  importFiles(filePaths: string[], suppressUI?: boolean, targetBin?: UxpProjectItem, asNumberedStills?: boolean): Promise<boolean>;
  executeTransaction(callback: (compoundAction: UxpCompoundAction) => void, undoString?: string): boolean;
  lockedAccess(callback: () => void): void;
}

export interface UxpMarker {
  getName(): string;
  getComments(): string;
  getType(): string;
  getStart(): UxpTickTime;
  getDuration(): UxpTickTime;
}

export interface UxpMarkers {
  getMarkers(filters?: string[]): UxpMarker[];
}

/** `require('premierepro')`, as far as Cuebed uses it. */
export interface UxpPremiere {
  Project: { getActiveProject(): Promise<UxpProject | null | undefined> };
  SequenceEditor: { getEditor(sequenceObject: UxpSequence): UxpSequenceEditor };
  TickTime: UxpTickTimeStatic;
  Markers: { getMarkers(markerOwnerObject: UxpSequence | UxpClipProjectItem): Promise<UxpMarkers> };
  ProjectItem: { cast(item: UxpFolderItem | UxpClipProjectItem): UxpProjectItem; readonly TYPE_BIN: number; readonly TYPE_ROOT: number };
  FolderItem: { cast(projectItem: UxpProjectItem): UxpFolderItem };
  ClipProjectItem: { cast(projectItem: UxpProjectItem): UxpClipProjectItem };
  TrackItemSelection: { createEmptySelection(callback0: (selection: UxpTrackItemSelection) => void): boolean };
  Transcript: { hasTranscript(clipProjectItem: UxpClipProjectItem): boolean; exportToJSON(clipProjectItem: UxpClipProjectItem): Promise<string> };
  Constants: {
    TrackItemType: { readonly CLIP: UxpTrackItemType };
    MediaType: { readonly AUDIO: UxpMediaType };
  };
}

/**
 * The compile-time proof that the official module satisfies the surface (see the header). A type
 * error on this line means the official typings and the adapter disagree: read the message, fix
 * the surface and the adapter, then the emulator.
 */
type Assignable<T extends U, U> = T;
export type OfficialModuleSatisfiesSurface = Assignable<premierepro, UxpPremiere>;
