// Enough of the standard library to grow the compiler's heap by tens of MB.
#include <coroutine>
#include <iostream>
#include <map>
#include <string>
#include <vector>

int main() {
  std::map<std::string, std::vector<int>> M;
  std::cout << M.size() << "\n";
}
