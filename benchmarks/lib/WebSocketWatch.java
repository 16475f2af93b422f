import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
/**
 * Opens a WebSocket session with the JDK client and prints each text message ("message: ...") and
 * how the session ended ("close: CODE" with the server's close status, 1006 when the connection
 * ended without one, or "error: ..."), within SECONDS: WebSocketWatch uri seconds.
 */
public class WebSocketWatch {
  public static void main(String[] a) throws Exception {
    CompletableFuture<String> end = new CompletableFuture<>();
    WebSocket.Listener listener = new WebSocket.Listener() {
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) { System.out.println("message: " + data); ws.request(1); return null; }
      public CompletionStage<?> onClose(WebSocket ws, int code, String reason) { end.complete("close: " + code); return null; }
      public void onError(WebSocket ws, Throwable error) { end.complete("error: " + error); }
    };
    HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(a[0]), listener).get(10, TimeUnit.SECONDS);
    System.out.println(end.get(Long.parseLong(a[1]), TimeUnit.SECONDS));
  }
}
