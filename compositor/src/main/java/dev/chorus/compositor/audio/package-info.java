/**
 * MCU audio: per input, RTP → {@link dev.chorus.compositor.audio.AudioJitterBuffer} →
 * {@link dev.chorus.compositor.audio.OpusDecoder}; per 20 ms tick, one
 * {@link dev.chorus.compositor.audio.AudioMixer} total minus each receiver's own voice; per
 * receiver, {@link dev.chorus.compositor.audio.OpusEncoder} →
 * {@link dev.chorus.compositor.audio.OpusRtpPacketizer}. {@link dev.chorus.compositor.audio.AudioMixSession}
 * wires one room together; PCM is always 48 kHz mono s16 in 960-sample frames
 * ({@link dev.chorus.compositor.audio.AudioFrames}).
 */
package dev.chorus.compositor.audio;
