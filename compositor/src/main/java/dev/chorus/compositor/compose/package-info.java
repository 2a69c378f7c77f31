/**
 * Building the composite: libswscale scaling of heap I420 frames, the grid composer and the set of
 * output sizes derived from one composite.
 */
package dev.chorus.compositor.compose;
