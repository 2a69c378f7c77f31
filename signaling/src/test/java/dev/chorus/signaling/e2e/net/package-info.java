/**
 * Test infrastructure for end-to-end tests under real network conditions.
 *
 * <ul>
 *   <li>{@link dev.chorus.signaling.e2e.net.NetNamespace}: a Linux network namespace behind a veth /30 with tbf
 *   shaping ({@code limitRate} = host → namespace, {@code limitUplink} = namespace → host), link down/up, {@code exec},
 *   cleanup with a sweep of stale {@code chorus-e2e-*} namespaces and a shutdown hook. Root and iproute2 only;
 *   {@code NetNamespace.unavailableReason()} says why not (tests then skip).</li>
 *   <li>{@link dev.chorus.signaling.e2e.ChromiumBrowser#inNamespace}: a headless Chromium whose network is that
 *   namespace, driven by a chromedriver on the host: the browser binary is a wrapper
 *   {@code exec ip netns exec <ns> /usr/bin/chromium "$@"} and chromedriver talks to it over
 *   {@code --remote-debugging-pipe} (file descriptors 3/4 survive both {@code exec}s), so no DevTools TCP port has to
 *   cross the namespace boundary and the {@code ChromeDriver} API is the same as for host browsers.</li>
 *   <li>{@link dev.chorus.signaling.e2e.net.ImpairmentRelay}: a userspace UDP relay with seeded delay, jitter, loss
 *   and a bounded queue per direction, for kernels without netem.</li>
 *   <li>{@link dev.chorus.signaling.e2e.net.TraceShaper}: replays a {@link dev.chorus.signaling.e2e.net.TraceSchedule}
 *   (a window of a capacity trace, scaled and clamped) on a namespace's downlink, one tbf rate change per trace step
 *   on the trace's schedule.</li>
 *   <li>{@link dev.chorus.signaling.e2e.net.Shell}: runs {@code ip}/{@code tc} with a deadline; failures carry stderr.</li>
 * </ul>
 *
 * <p>Serving a namespaced browser: the server must listen on (and, for media, advertise) an address the namespace can
 * reach — bind HTTP and {@code media.bind-address} to {@code ns.hostAddress()} (a local address of the host, so host
 * browsers reach it too) and start the server after the namespace exists. That page origin is plain HTTP on a
 * non-localhost address, so every browser needs {@code ChromiumBrowser.treatAsSecure(origin)} for getUserMedia. See
 * {@code NetworkShapingE2ETest}.
 */
package dev.chorus.signaling.e2e.net;
