/**
 * ESP, IP protocol 50 (RFC 4303 §2: SPI, sequence number, then the encrypted payload, padding, pad length, next
 * header and ICV). Without the security association nothing past the sequence number can be read, so, as tshark
 * 4.0 does without SAs, the layer covers the whole payload and shows only the SPI and the sequence number; the
 * Info column names the SPI (`ESP (SPI=0x00000003)`).
 * Malformed: fewer than the 8 header bytes (tshark then leaves the Info column empty).
 */
import { u32 } from '../bytes';
import { clip, field, hex, view, type Dissector } from './context';

export const ESP_HEADER = 8;

export const dissectEsp: Dissector = (ctx, start, end) => {
  if (start >= end) return false; // an empty payload: tshark shows no ESP layer either
  const { b, short } = view(ctx.frame, start, end, ESP_HEADER);
  const spi = u32(b, start);
  const seq = u32(b, start + 4);
  const layer = field('esp', 'Encapsulating Security Payload', start, Math.max(end - start, ESP_HEADER), undefined, [
    field('esp.spi', `ESP SPI: ${hex(spi, 8)} (${spi})`, start, 4, spi),
    field('esp.sequence', `ESP Sequence: ${seq}`, start + 4, 4, seq),
  ]);
  ctx.layers.push(layer);
  ctx.summary.protocol = 'ESP';
  if (short) {
    ctx.summary.info = '';
    clip(ctx, layer, end);
    return;
  }
  ctx.summary.info = `ESP (SPI=${hex(spi, 8)})`;
};
