/**
 * Name labels and camera-off name cards: rendered with Java2D (headless) only when their text or size
 * changes, then blended or copied into I420 frames every frame.
 */
package dev.chorus.compositor.overlay;
