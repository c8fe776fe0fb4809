#include "precis.h"
int main(void) { return 0; }
