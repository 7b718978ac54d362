package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CommandFactoryTest {
  private final CommandFactory factory = new CommandFactory();

  @Test
  void makesCommandsThroughTheirPrivateNoArgumentConstructor() throws Exception {
    assertThat(factory.create(FilterOptions.class)).isInstanceOf(FilterOptions.class);
    assertThat(factory.create(RetrieveCommand.class)).isInstanceOf(RetrieveCommand.class);
  }

  @Test
  void makesAnEmptyCollectionOfTheKindAnOptionDeclares() throws Exception {
    assertThat(factory.create(List.class)).isInstanceOf(ArrayList.class).isEmpty();
    assertThat(factory.create(Collection.class)).isInstanceOf(ArrayList.class);
    assertThat(factory.create(Set.class)).isInstanceOf(LinkedHashSet.class);
    assertThat(factory.create(NavigableSet.class)).isInstanceOf(TreeSet.class);
    assertThat(factory.create(Deque.class)).isInstanceOf(ArrayDeque.class);
    assertThat(factory.create(Map.class)).isInstanceOf(LinkedHashMap.class);
    assertThat(factory.create(SortedMap.class)).isInstanceOf(TreeMap.class);
  }

  @Test
  void refusesAnInterfaceItCannotMake() {
    assertThatThrownBy(() -> factory.create(Runnable.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot make an instance of interface java.lang.Runnable");
  }
}
