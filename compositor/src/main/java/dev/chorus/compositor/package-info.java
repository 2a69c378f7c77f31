package dev.chorus.compositor;
