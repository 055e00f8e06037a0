/**
 * The palette's own figures for one section, written beside the role parts (see ../palette.ts).
 */
import type { SectionContext } from '../context';
import type { Palette } from '../palette';
import { writeAmbientPiano } from './ambient';
import { writeBraam, writeBrassSwell } from './brass';
import { writeGuitarStrum } from './guitar';
import { writeHarpArpeggio } from './harp';
import { writeRiser, writeRoom, writeTimpaniRoll, writeVinyl } from './percussion';
import { writeStringOstinato } from './strings';

export { realise } from './realise';

export function writeFigures(ctx: SectionContext, p: Palette): void {
  for (const f of p.figures) {
    switch (f) {
      case 'ambient-piano': writeAmbientPiano(ctx); break;
      case 'string-ostinato': writeStringOstinato(ctx); break;
      case 'guitar-strum': writeGuitarStrum(ctx); break;
      case 'harp-arpeggio': writeHarpArpeggio(ctx, p.name === 'ambient'); break;
      case 'brass-swell': writeBrassSwell(ctx); break;
      case 'braam': writeBraam(ctx); break;
      case 'timpani-roll': writeTimpaniRoll(ctx); break;
      case 'riser': writeRiser(ctx); break;
      case 'vinyl': writeVinyl(ctx); break;
      case 'room': writeRoom(ctx, p.room); break;
      default: {
        const never: never = f;
        throw new Error(`unknown figure ${String(never)}`);
      }
    }
  }
}
