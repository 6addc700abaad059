package io.dfota.lwm2m;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * One FOTA over a real lossy, slow link made by the kernel (issue #10 "Lossy, slow links"): the
 * test makes its own network namespace, puts {@code tc netem delay 200ms loss 5%} on that
 * namespace's loopback, and runs {@link NetemFotaChild} (server and client on {@code 127.0.0.1}
 * inside it) as a child JVM with {@code ip netns exec}. The download of 7 Block2 blocks and the
 * update must end with result 1. Needs root, {@code ip} and {@code tc} (iproute2; {@code .ci/run}
 * installs it) and the kernel's netem qdisc; otherwise the test is skipped with the reason printed.
 */
class NetemLinkTest {

  static final String NETEM = "delay 200ms loss 5%";

  @Test
  void fotaThroughANetemLinkEndsWithResultOne() throws Exception {
    String ns = "dfota-netem-" + ProcessHandle.current().pid();
    skipUnless(isRoot(), "not running as root (ip netns needs CAP_SYS_ADMIN)");
    skipUnless(onPath("ip") && onPath("tc"), "ip or tc missing (install iproute2)");
    Result add = run("ip", "netns", "add", ns);
    skipUnless(add.code == 0, "ip netns add failed: " + add.output.strip());
    try {
      Result up = run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
      skipUnless(up.code == 0, "cannot bring lo up in the namespace: " + up.output.strip());
      List<String> qdisc =
          new ArrayList<>(
              List.of("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "lo", "root"));
      qdisc.add("netem");
      qdisc.addAll(List.of(NETEM.split(" ")));
      Result netem = run(qdisc.toArray(String[]::new));
      skipUnless(
          netem.code == 0,
          "tc netem unavailable (kernel module sch_netem?): " + netem.output.strip());

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Result child =
          run(
              "ip",
              "netns",
              "exec",
              ns,
              java,
              "-cp",
              System.getProperty("java.class.path"),
              NetemFotaChild.class.getName());
      System.out.printf("NetemLinkTest: netem %s; child said:%n%s%n", NETEM, child.output.strip());
      assertEquals(0, child.code, child.output);
      assertTrue(child.output.contains("RESULT 1 "), child.output);
    } finally {
      run("ip", "netns", "del", ns);
    }
  }

  private static void skipUnless(boolean ok, String reason) {
    if (!ok) {
      System.out.println("NetemLinkTest skipped: " + reason);
    }
    Assumptions.assumeTrue(ok, reason);
  }

  private static boolean isRoot() throws IOException, InterruptedException {
    Result id = run("id", "-u");
    return id.code == 0 && id.output.strip().equals("0");
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/sbin"));
    if (path != null) {
      dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
    }
    return dirs.stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }

  private record Result(int code, String output) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(127, command[0] + ": " + e.getMessage());
    }
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return new Result(124, new String(out, StandardCharsets.UTF_8) + "\n(timed out)");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
