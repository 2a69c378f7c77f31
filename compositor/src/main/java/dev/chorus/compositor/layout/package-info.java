/** Where each participant's tile goes on the composite: pure geometry, no pixels. */
package dev.chorus.compositor.layout;
