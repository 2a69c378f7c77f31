#!/usr/bin/python3
"""An independent WHIP/WHEP client (GStreamer webrtcbin) for Chorus's interop test.

  gst_whip_client.py publish <url> <seconds>   POST a sendonly offer (videotestsrc VP8 + a sine in Opus)
  gst_whip_client.py play <url> <seconds>      POST a recvonly offer, decode what arrives

Same contract as whip_client.py: prints one JSON line (status, location, frames decoded, connection
state) and DELETEs the session. ICE is gathered completely before the POST (no trickle).
"""
import json
import sys
import time

import gi
from whip_http import http

gi.require_version("Gst", "1.0")
gi.require_version("GstSdp", "1.0")
gi.require_version("GstWebRTC", "1.0")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

VIDEO_CAPS = "application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000"
AUDIO_CAPS = "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000"


class Client:
    def __init__(self, mode, url, seconds):
        self.mode, self.url, self.seconds = mode, url, seconds
        self.result = {"mode": mode, "stack": "gstreamer " + Gst.version_string(), "videoFrames": 0,
                       "audioFrames": 0, "videoFramesPerSecond": []}
        self.started = time.monotonic()
        self.loop = GLib.MainLoop()
        self.location = None
        self.posted = False
        self.pipe = Gst.Pipeline.new("whip")
        self.webrtc = Gst.ElementFactory.make("webrtcbin", "webrtc")
        self.webrtc.set_property("bundle-policy", GstWebRTC.WebRTCBundlePolicy.MAX_BUNDLE)
        self.pipe.add(self.webrtc)
        if mode == "publish":
            self.add_source("videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=30/1"
                            " ! vp8enc deadline=1 target-bitrate=800000 keyframe-max-dist=60 ! rtpvp8pay pt=96"
                            " picture-id-mode=15-bit ! capsfilter caps=\"" + VIDEO_CAPS + "\"")
            self.add_source("audiotestsrc is-live=true wave=sine freq=440 ! audioconvert ! audioresample"
                            " ! opusenc ! rtpopuspay pt=111 ! capsfilter caps=\"" + AUDIO_CAPS + "\"")
        else:
            for caps in (VIDEO_CAPS, AUDIO_CAPS):
                self.webrtc.emit("add-transceiver", GstWebRTC.WebRTCRTPTransceiverDirection.RECVONLY,
                                 Gst.Caps.from_string(caps))
            self.webrtc.connect("pad-added", self.on_pad)
        self.webrtc.connect("on-negotiation-needed", self.on_negotiation_needed)
        self.webrtc.connect("notify::ice-gathering-state", self.on_gathering)

    def add_source(self, description):
        src = Gst.parse_bin_from_description(description, True)
        self.pipe.add(src)
        src.link(self.webrtc)

    def on_negotiation_needed(self, element):
        if self.mode == "publish":  # our sources only send: say so in the offer
            i = 0  # get-transceivers returns a GArray PyGObject cannot iterate; ask by index until none
            while (t := element.emit("get-transceiver", i)) is not None:
                t.set_property("direction", GstWebRTC.WebRTCRTPTransceiverDirection.SENDONLY)
                i += 1
        promise = Gst.Promise.new_with_change_func(self.on_offer, element, None)
        element.emit("create-offer", None, promise)

    def on_offer(self, promise, element, _):
        promise.wait()
        reply = promise.get_reply()
        offer = reply.get_value("offer") if reply is not None and reply.has_field("offer") else None
        if offer is None:  # e.g. asked before the sources' caps are known: the next negotiation-needed retries
            self.result["offerError"] = reply.to_string() if reply is not None else "no reply"
            return
        element.emit("set-local-description", offer, Gst.Promise.new())

    def on_gathering(self, element, _):
        if element.get_property("ice-gathering-state") == GstWebRTC.WebRTCICEGatheringState.COMPLETE:
            GLib.idle_add(self.post)

    def post(self):
        if self.posted:
            return False
        self.posted = True
        sdp = self.webrtc.get_property("local-description").sdp.as_text()
        status, headers, body = http("POST", self.url, sdp, "application/sdp")
        self.result["status"] = status
        if status != 201:
            self.result["error"] = body.strip()
            self.loop.quit()
            return False
        self.location = headers.get("Location")
        self.result["location"] = self.location
        ok, msg = GstSdp.SDPMessage.new_from_text(body)
        answer = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, msg)
        self.webrtc.emit("set-remote-description", answer, Gst.Promise.new())
        return False

    def on_pad(self, element, pad):
        if pad.direction != Gst.PadDirection.SRC:
            return
        decode = Gst.ElementFactory.make("decodebin")
        decode.connect("pad-added", self.on_decoded)
        self.pipe.add(decode)
        decode.sync_state_with_parent()
        pad.link(decode.get_static_pad("sink"))

    def on_decoded(self, decodebin, pad):
        caps = pad.get_current_caps() or pad.query_caps(None)
        kind = "video" if caps.to_string().startswith("video") else "audio"
        sink = Gst.ElementFactory.make("fakesink")
        sink.set_property("signal-handoffs", True)
        sink.set_property("sync", False)
        sink.connect("handoff", self.on_video_frame if kind == "video" else self.on_audio_frame)
        self.pipe.add(sink)
        sink.sync_state_with_parent()
        pad.link(sink.get_static_pad("sink"))

    def on_video_frame(self, sink, buf, pad):
        self.result["videoFrames"] += 1
        second = int(time.monotonic() - self.started)
        per = self.result["videoFramesPerSecond"]
        while len(per) <= second:
            per.append(0)
        per[second] += 1
        s = pad.get_current_caps().get_structure(0)
        self.result["width"] = s.get_value("width")
        self.result["height"] = s.get_value("height")

    def on_audio_frame(self, sink, buf, pad):
        self.result["audioFrames"] += 1

    def run(self):
        self.pipe.set_state(Gst.State.PLAYING)
        GLib.timeout_add(int(self.seconds * 1000), self.loop.quit)
        self.loop.run()
        state = self.webrtc.get_property("connection-state")
        self.result["connectionState"] = state.value_nick
        if self.location:
            base = self.url.split("/whip/")[0].split("/whep/")[0]
            st, _, _ = http("DELETE", base + self.location)
            self.result["deleteStatus"] = st
        self.pipe.set_state(Gst.State.NULL)
        print(json.dumps(self.result), flush=True)
        return 0 if self.result.get("status") == 201 else 1


if __name__ == "__main__":
    Gst.init(None)
    sys.exit(Client(sys.argv[1], sys.argv[2], float(sys.argv[3])).run())
