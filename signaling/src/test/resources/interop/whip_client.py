#!/usr/bin/python3
"""An independent WHIP/WHEP client (aiortc) for Chorus's interop test.

  whip_client.py publish <url> <seconds>   POST a sendonly offer (aiortc's synthetic video + silence)
  whip_client.py play <url> <seconds>      POST a recvonly offer, decode what arrives

Prints one JSON line with what happened (status, location, frames decoded) and DELETEs the session.
"""
import asyncio
import json
import sys
import time

from whip_http import http

from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError, VideoStreamTrack


async def run(mode, url, seconds):
    pc = RTCPeerConnection()
    result = {"mode": mode, "videoFrames": 0, "audioFrames": 0, "videoFramesPerSecond": []}
    started = time.monotonic()
    consumers = []
    if mode == "publish":
        pc.addTransceiver(VideoStreamTrack(), direction="sendonly")
        pc.addTransceiver(AudioStreamTrack(), direction="sendonly")
    else:
        pc.addTransceiver("video", direction="recvonly")
        pc.addTransceiver("audio", direction="recvonly")

        @pc.on("track")
        def on_track(track):
            async def consume():
                try:
                    while True:
                        frame = await track.recv()
                        if track.kind == "video":
                            result["videoFrames"] += 1
                            second = int(time.monotonic() - started)
                            per = result["videoFramesPerSecond"]
                            while len(per) <= second:
                                per.append(0)
                            per[second] += 1
                            result["width"] = frame.width
                            result["height"] = frame.height
                        else:
                            result["audioFrames"] += 1
                except MediaStreamError:
                    pass
            consumers.append(asyncio.ensure_future(consume()))

    await pc.setLocalDescription(await pc.createOffer())  # aiortc gathers every candidate first
    status, headers, body = await asyncio.get_running_loop().run_in_executor(
        None, http, "POST", url, pc.localDescription.sdp, "application/sdp")
    result["status"] = status
    if status != 201:
        result["error"] = body.strip()
        print(json.dumps(result), flush=True)
        await pc.close()
        return 1
    location = headers.get("Location")
    result["location"] = location
    await pc.setRemoteDescription(RTCSessionDescription(sdp=body, type="answer"))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await asyncio.sleep(0.25)
    result["connectionState"] = pc.connectionState
    for sender in pc.getSenders():  # RTP packets sent (publish mode), for failure reports
        for stat in (await sender.getStats()).values():
            if stat.type == "outbound-rtp" and stat.packetsSent > 0:
                result[stat.kind + "PacketsSent"] = result.get(stat.kind + "PacketsSent", 0) + stat.packetsSent
    for receiver in pc.getReceivers():  # RTP packets that arrived, decoded or not
        for stat in (await receiver.getStats()).values():
            if stat.type == "inbound-rtp":
                result[stat.kind + "Packets"] = result.get(stat.kind + "Packets", 0) + stat.packetsReceived
    base = url.split("/whip/")[0].split("/whep/")[0]
    st, _, _ = await asyncio.get_running_loop().run_in_executor(None, http, "DELETE", base + location)
    result["deleteStatus"] = st
    for c in consumers:
        c.cancel()
    await pc.close()
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(run(sys.argv[1], sys.argv[2], float(sys.argv[3]))))
