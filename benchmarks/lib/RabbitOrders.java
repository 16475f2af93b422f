import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
/**
 * RabbitOrders send PORT QUEUE N: declares a durable queue and publishes "order 1" to "order N".
 * RabbitOrders take PORT QUEUE: takes and acknowledges what the queue holds, printing each body.
 */
public class RabbitOrders {
  public static void main(String[] a) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setPort(Integer.parseInt(a[1]));
    try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
      if (a[0].equals("send")) {
        channel.queueDeclare(a[2], true, false, false, null);
        channel.confirmSelect();
        for (int i = 1; i <= Integer.parseInt(a[3]); i++) channel.basicPublish("", a[2], MessageProperties.PERSISTENT_TEXT_PLAIN, ("order " + i).getBytes());
        channel.waitForConfirmsOrDie(30000);
      } else {
        GetResponse response;
        while ((response = channel.basicGet(a[2], true)) != null) System.out.println(new String(response.getBody()));
      }
    }
  }
}
