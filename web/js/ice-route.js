// Which path a peer connection's media takes: the selected candidate pair's local candidate type.

/** 'host', 'srflx', 'prflx' or 'relay' once a pair is nominated and succeeded, '' before. */
export async function selectedRoute(pc) {
  const stats = await pc.getStats();
  for (const s of stats.values()) {
    if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
      return stats.get(s.localCandidateId)?.candidateType ?? '';
    }
  }
  return '';
}
