import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
/** Creates a topic of one partition and sends it "order 1" to "order N": KafkaProduce bootstrap topic N. */
public class KafkaProduce {
  public static void main(String[] a) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", a[0]))) { admin.createTopics(java.util.List.of(new NewTopic(a[1], 1, (short) 1))).all().get(); }
    try (KafkaProducer<String,String> p = new KafkaProducer<>(Map.of("bootstrap.servers", a[0], "key.serializer", StringSerializer.class, "value.serializer", StringSerializer.class))) {
      for (int i = 1; i <= Integer.parseInt(a[2]); i++) p.send(new ProducerRecord<>(a[1], "order " + i)).get();
    }
  }
}
