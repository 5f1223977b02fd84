import java.io.IOException;
import java.io.InputStream;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts one OpenSearch node on 127.0.0.1 for the test suite and keeps it up
 * until its standard input closes (the pytest process that started it exited
 * or closed the pipe), so a killed test run never leaves a node behind.
 *
 * Usage: java -Xmx512m -cp CLASSPATH KiemsatEngine HTTP_PORT BASE_DIR
 * Prints "KIEMSAT-ENGINE-READY port" on stdout once the cluster is yellow.
 */
public final class KiemsatEngine {
    private KiemsatEngine() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: KiemsatEngine HTTP_PORT BASE_DIR");
            System.exit(2);
        }
        final String port = args[0];
        final String base = args[1];
        final OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1); // the port is chosen free by the caller
        runner.onBuild((number, settings) -> {
            settings.put("http.port", port);
            settings.put("network.host", "127.0.0.1");
            settings.put("discovery.type", "single-node");
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
            settings.put("action.auto_create_index", "false");
            settings.put("indices.query.bool.max_clause_count", "4096");
            settings.put("bootstrap.memory_lock", "false");
        });
        runner.build(OpenSearchRunner.newConfigs()
                .basePath(base)
                .numOfNode(1)
                .clusterName("kiemsat-test")
                .disableESLogger());
        runner.ensureYellow();
        System.out.println("KIEMSAT-ENGINE-READY " + port);
        System.out.flush();
        final InputStream in = System.in;
        final byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // keep draining until EOF
            }
        } catch (final IOException e) {
            // the parent is gone
        }
        try {
            runner.close();
        } finally {
            System.exit(0);
        }
    }
}
