export interface Config {
  monitoringStack?: {
    /** Entity ref of the group whose members see every tenant (default group:default/platform-admins). */
    adminGroup?: string;
    /** The shared services the gateway and the health check talk to. */
    upstreams?: {
      prometheus?: {
        /** Base URL of prometheus. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
      thanosQuery?: {
        /** Base URL of thanosQuery. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
      alertmanager?: {
        /** Base URL of alertmanager. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
      loki?: {
        /** Base URL of loki. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
      grafana?: {
        /** Base URL of grafana. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
      kiali?: {
        /** Base URL of kiali. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
      jaeger?: {
        /** Base URL of jaeger. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
    };
  };
}
